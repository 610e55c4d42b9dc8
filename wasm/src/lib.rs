//! WASM bindings (pending).
