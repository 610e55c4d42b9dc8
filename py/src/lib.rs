//! Python bindings (pending).
