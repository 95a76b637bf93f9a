#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The scanner only parses text that names Office: make sure every input does.
    let mut text = b"Office.".to_vec();
    text.extend_from_slice(data);
    addin_audit::fuzzing::source("script.ts", addin_audit::source::SourceKind::Script, &text);
});
