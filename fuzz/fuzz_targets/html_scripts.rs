#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    addin_audit::fuzzing::source("page.html", addin_audit::source::SourceKind::Page, data);
});
