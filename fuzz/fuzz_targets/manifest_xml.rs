#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Steer toward the XML parser: inputs that do not start with markup get an <OfficeApp> root.
    if data.first() == Some(&b'<') {
        addin_audit::fuzzing::manifest("manifest.xml", data);
    } else {
        let mut text = br#"<OfficeApp xmlns:xsi="x" xsi:type="MailApp">"#.to_vec();
        text.extend_from_slice(data);
        addin_audit::fuzzing::manifest("manifest.xml", &text);
    }
});
