//! Resolution: from the evidence set to the verdict (spec H), tying the modules together.

use crate::model::*;

pub fn check(artifacts: &[Artifact], _options: &Options) -> Result<Report, InputError> {
    if artifacts.is_empty() {
        return Err(InputError::new(
            "no evidence given: expected at least one artifact",
        ));
    }
    Err(InputError::new("not implemented"))
}
