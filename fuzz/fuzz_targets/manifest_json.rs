#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Steer toward the JSON parser: inputs that do not start with `{` get a unified-manifest head.
    if data.first() == Some(&b'{') {
        addin_audit::fuzzing::manifest("manifest.json", data);
    } else {
        let mut text = br#"{"manifestVersion": "1.22", "#.to_vec();
        text.extend_from_slice(data);
        addin_audit::fuzzing::manifest("manifest.json", &text);
    }
});
