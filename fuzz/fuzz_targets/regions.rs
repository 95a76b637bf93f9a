#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    addin_audit::fuzzing::regions(data);
});
