//! The IPC contract, generated from one declaration: the
//! `#[tauri::command]` functions in this folder. From them come
//! - `generated.rs`: the handler's list and `COMMANDS`, which `build.rs`
//!   turns into permissions;
//! - `src-tauri/capabilities/main.json`: the window's grant of each one;
//! - `ui/src/ipc/contract.ts`: every command's arguments and result, and
//!   every event's payload (from `events::EVENTS`), which `api.ts`'s `call`
//!   and `listen` are typed by.
//!
//! A test regenerates all three and fails when a committed file differs;
//! `KITH_WRITE_BINDINGS=1 cargo test -p kith contract` writes them.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

    /// The folder's files in the order the handler lists them.
    const FILES: &[&str] = &[
        "settings",
        "people",
        "photos",
        "plan",
        "follow_ups",
        "queue",
        "helping",
        "links",
        "exchange",
        "backup",
        "encryption",
        "sync",
        "mail",
    ];

    /// Permissions the window holds besides Kith's own commands.
    const CORE_PERMISSIONS: &[&str] = &[
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "core:window:allow-close",
    ];

    struct Command {
        module: String,
        name: String,
        args: Vec<(String, String)>,
        returns: String,
    }

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
    }

    fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
        match ty {
            Type::Path(p) => p.path.segments.last(),
            _ => None,
        }
    }

    fn generic(segment: &syn::PathSegment) -> Vec<&Type> {
        match &segment.arguments {
            PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .filter_map(|a| match a {
                    GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The TypeScript type of a Rust type that crosses the boundary; the
    /// names of transfer types it uses go into `used`.
    fn ts(ty: &Type, used: &mut BTreeSet<String>) -> String {
        if let Type::Tuple(t) = ty {
            assert!(t.elems.is_empty(), "tuples do not cross the boundary");
            // `()` arrives as JSON null.
            return "null".into();
        }
        if let Type::Reference(r) = ty {
            return ts(&r.elem, used);
        }
        let segment = last_segment(ty).expect("a named type");
        let name = segment.ident.to_string();
        let inner = generic(segment);
        match name.as_str() {
            "String" | "str" => "string".into(),
            "bool" => "boolean".into(),
            "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "f64" => "number".into(),
            "Option" => format!("{} | null", ts(inner[0], used)),
            "Vec" => {
                let item = ts(inner[0], used);
                if item.contains(' ') {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            "Channel" => {
                used.insert("Channel".into());
                format!("Channel<{}>", ts(inner[0], used))
            }
            "CommandResult" | "Result" => ts(inner[0], used),
            other => {
                used.insert(other.to_owned());
                other.to_owned()
            }
        }
    }

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Arguments Tauri fills in itself, which the window never passes.
    fn injected(ty: &Type) -> bool {
        last_segment(ty).is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "State" | "AppHandle" | "Window" | "WebviewWindow"
            )
        })
    }

    fn commands(used: &mut BTreeSet<String>) -> Vec<Command> {
        let mut all = Vec::new();
        for module in FILES {
            let path = root().join(format!("src-tauri/src/commands/{module}.rs"));
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in file.items {
                let Item::Fn(f) = item else { continue };
                let is_command = f.attrs.iter().any(|a| {
                    let segments: Vec<String> = a
                        .path()
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect();
                    segments == ["tauri", "command"]
                });
                if !is_command {
                    continue;
                }
                let args = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|input| match input {
                        FnArg::Typed(t) if !injected(&t.ty) => {
                            let syn::Pat::Ident(name) = &*t.pat else {
                                panic!("{}: a command argument needs a plain name", f.sig.ident)
                            };
                            Some((camel(&name.ident.to_string()), ts(&t.ty, used)))
                        }
                        _ => None,
                    })
                    .collect();
                let returns = match &f.sig.output {
                    ReturnType::Default => "null".into(),
                    ReturnType::Type(_, ty) => ts(ty, used),
                };
                all.push(Command {
                    module: (*module).to_owned(),
                    name: f.sig.ident.to_string(),
                    args,
                    returns,
                });
            }
        }
        all
    }

    fn generated_rs(commands: &[Command]) -> String {
        let mut out = String::from(
            "// Generated from the #[tauri::command] functions in this folder by\n\
             // `KITH_WRITE_BINDINGS=1 cargo test -p kith contract`; do not edit.\n\n\
             /// Every command the window may call; `build.rs` makes their permissions.\n\
             #[allow(dead_code)]\n\
             pub const COMMANDS: &[&str] = &[\n",
        );
        for c in commands {
            out.push_str(&format!("    \"{}\",\n", c.name));
        }
        out.push_str(
            "];\n\n/// The handler for every command in [`COMMANDS`].\n\
             #[allow(unused_macros)]\nmacro_rules! handler {\n    () => {\n        tauri::generate_handler![\n",
        );
        for c in commands {
            out.push_str(&format!("            {}::{},\n", c.module, c.name));
        }
        out.push_str("        ]\n    };\n}\n");
        out
    }

    fn contract_ts(commands: &[Command], used: &BTreeSet<String>) -> String {
        let mut out = String::from(
            "// Generated from the #[tauri::command] functions in src-tauri/src/commands/\n\
             // and the events in src-tauri/src/events.rs by\n\
             // `KITH_WRITE_BINDINGS=1 cargo test -p kith contract`; do not edit.\n\n",
        );
        if used.contains("Channel") {
            out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
        }
        let types: Vec<&str> = used
            .iter()
            .filter(|t| *t != "Channel")
            .map(String::as_str)
            .collect();
        out.push_str(&format!(
            "import type {{ {} }} from \"./bindings\";\n\n",
            types.join(", ")
        ));
        out.push_str("/** Every command: the arguments the window passes and what it gets back. */\nexport interface Commands {\n");
        for c in commands {
            let args = if c.args.is_empty() {
                "Record<string, never>".to_owned()
            } else {
                format!(
                    "{{ {} }}",
                    c.args
                        .iter()
                        .map(|(n, t)| format!("{n}: {t}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            out.push_str(&format!(
                "  {}: {{ args: {args}; returns: {} }};\n",
                c.name, c.returns
            ));
        }
        out.push_str("}\n\n/** Every event the Rust side sends, and its payload. */\nexport interface Events {\n");
        for (name, payload) in crate::events::EVENTS {
            out.push_str(&format!("  \"{name}\": {payload};\n"));
        }
        out.push_str("}\n");
        out
    }

    fn capability(commands: &[Command]) -> String {
        let path = root().join("src-tauri/capabilities/main.json");
        let current: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut permissions: Vec<String> =
            CORE_PERMISSIONS.iter().map(|p| (*p).to_owned()).collect();
        permissions.extend(
            commands
                .iter()
                .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
        );
        let mut out = String::from("{\n");
        out.push_str(&format!(
            "  \"identifier\": {},\n  \"description\": {},\n  \"windows\": [\"main\"],\n  \"permissions\": [\n",
            current["identifier"], current["description"]
        ));
        let lines: Vec<String> = permissions.iter().map(|p| format!("    \"{p}\"")).collect();
        out.push_str(&lines.join(",\n"));
        out.push_str("\n  ]\n}\n");
        out
    }

    #[test]
    fn the_contract_files_are_generated_from_the_commands() {
        let mut used = BTreeSet::new();
        let commands = commands(&mut used);
        assert!(commands.len() > 50, "the commands were found");
        let bindings = std::fs::read_to_string(root().join("ui/src/ipc/bindings.ts")).unwrap();
        for name in used.iter().filter(|t| *t != "Channel") {
            assert!(
                bindings.contains(&format!("export type {name} ")),
                "{name} crosses the boundary but has no TypeScript declaration in kith-ipc"
            );
        }
        let files = [
            (
                "src-tauri/src/commands/generated.rs",
                generated_rs(&commands),
            ),
            ("ui/src/ipc/contract.ts", contract_ts(&commands, &used)),
            ("src-tauri/capabilities/main.json", capability(&commands)),
        ];
        let write = std::env::var_os("KITH_WRITE_BINDINGS").is_some();
        for (file, generated) in files {
            let path = root().join(file);
            if write {
                std::fs::write(&path, &generated).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == generated,
                "{file} is out of date; regenerate it with \
                 `KITH_WRITE_BINDINGS=1 cargo test -p kith contract` and commit the result"
            );
        }
    }
}
