//! WebAssembly bindings of kubeletlint (wasm-bindgen).
//!
//! Glue only: every verdict, kind, position and rendering comes from the `kubeletlint` core.
//! Values cross the boundary as JSON text (`serde_json` here, `JSON.parse` / `JSON.stringify` on
//! the JS side), so JS receives plain objects and arrays with exactly the core's report shape
//! (no ES `Map`s).
//!
//! The pure part ([`glue`]) builds on any target; the `#[wasm_bindgen]` exports below only on
//! wasm32. The JS entry point that users should import is `pkg/index.js` (see `wasm/js/`), which
//! loads the module and re-instantiates it after a trap.

pub mod glue;

#[cfg(target_arch = "wasm32")]
mod exports {
    use crate::glue;
    use kubeletlint::{ArtifactKind, InputError};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
        fn json_parse(text: &str) -> JsValue;
        #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
        fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = Object, js_name = assign)]
        fn object_assign(target: &JsValue, source: &JsValue) -> JsValue;
        #[wasm_bindgen(js_namespace = console, js_name = error)]
        fn console_error(message: &str);
    }

    /// Reports panics on the console before the `abort` trap (panic = "abort"): the JS wrapper
    /// then re-instantiates the module. Not in the size build (wasm/build.sh:
    /// panic = "immediate-abort"), where a panic traps at once and no hook ever runs.
    #[cfg(not(panic = "immediate-abort"))]
    #[wasm_bindgen(start)]
    fn start() {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!("kubeletlint (wasm) panicked: {info}"));
        }));
    }

    /// An `Error` whose message is `source:line:column: message`, with the parts as properties.
    fn throw(err: &InputError) -> JsValue {
        let e: JsValue = JsError::new(&glue::error_message(err)).into();
        object_assign(&e, &json_parse(&glue::error_props(err)));
        e
    }

    /// `JSON.stringify` of a JS argument (`None` for `undefined` / `null`).
    fn to_json(value: &JsValue, what: &str) -> Result<Option<String>, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        match json_stringify(value) {
            Ok(s) => Ok(s.as_string()),
            Err(_) => Err(throw(&InputError::new(format!(
                "{what}: not JSON-serialisable"
            )))),
        }
    }

    /// Checks the evidence. `artifacts`: `[{text, path?, kind?}]`; `options`: the core's
    /// `Options` (`{kubelet_version?, dropin_alpha_env?, now_unix?}`). Returns the report object;
    /// throws an `Error` (message `source:line:column: ...`) for unusable input.
    #[wasm_bindgen]
    pub fn check(artifacts: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let artifacts = to_json(&artifacts, "artifacts")?;
        let options = to_json(&options, "options")?;
        match glue::check_json(artifacts.as_deref(), options.as_deref()) {
            Ok(json) => Ok(json_parse(&json)),
            Err(e) => Err(throw(&e)),
        }
    }

    /// The kind the core detects for `text` (and optional node `path`), or `null`.
    #[wasm_bindgen(js_name = detectKind)]
    pub fn detect_kind(text: &str, path: Option<String>) -> JsValue {
        match kubeletlint::detect_kind(text, path.as_deref()) {
            Some(kind) => JsValue::from_str(kind.as_str()),
            None => JsValue::NULL,
        }
    }

    /// The core's version.
    #[wasm_bindgen]
    pub fn version() -> String {
        kubeletlint::VERSION.to_string()
    }

    /// A JS array of strings (built as JSON text: a `Vec<String>` return would link
    /// wasm-bindgen's per-element conversion, about 1 KB).
    fn string_array<'a>(items: impl Iterator<Item = &'a str>) -> JsValue {
        let mut json = String::from("[");
        for (i, item) in items.enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(item).unwrap_or_default());
        }
        json.push(']');
        json_parse(&json)
    }

    /// Every artifact kind name the core knows.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn kinds() -> JsValue {
        string_array(ArtifactKind::ALL.iter().map(|k| k.as_str()))
    }

    /// The rule and its benchmark IDs.
    #[wasm_bindgen]
    pub fn rule() -> JsValue {
        // pretty: the report's rendering already links that instantiation of RuleInfo's
        // `Serialize` (JSON.parse ignores the white space)
        json_parse(&serde_json::to_string_pretty(&kubeletlint::rule::info()).unwrap_or_default())
    }

    /// The rule's documentation (Markdown-flavoured text).
    #[wasm_bindgen]
    pub fn explain() -> String {
        kubeletlint::rule::EXPLAIN.to_string()
    }

    /// Checks the evidence and renders the report with one of the core's renderings: `json`,
    /// `text`, `text-color`, `kube-bench`, `sarif`, `junit`, `redacted-json`.
    #[wasm_bindgen]
    pub fn render(artifacts: JsValue, format: &str, options: JsValue) -> Result<String, JsValue> {
        let artifacts = to_json(&artifacts, "artifacts")?;
        let options = to_json(&options, "options")?;
        glue::render(artifacts.as_deref(), options.as_deref(), format).map_err(|e| throw(&e))
    }

    /// The output formats of `render`.
    #[wasm_bindgen(js_name = formats, unchecked_return_type = "string[]")]
    pub fn formats() -> JsValue {
        string_array(glue::FORMATS.iter().copied())
    }

    /// Panics on purpose (tests of the JS wrapper's recovery only).
    #[wasm_bindgen(js_name = __panicForTesting)]
    pub fn panic_for_testing() {
        #[allow(clippy::panic)]
        {
            panic!("deliberate panic (test hook)");
        }
    }
}
