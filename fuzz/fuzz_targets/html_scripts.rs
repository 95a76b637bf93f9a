#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    addin_audit::fuzzing::source("page.html", addin_audit::analyse::SourceKind::Page, data);
});
