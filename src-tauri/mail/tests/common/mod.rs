pub mod dovecot;
