// Ignored by the configuration: would be EWS001.
Office.context.mailbox.makeEwsRequestAsync("<soap:Envelope><soap:Body><m:DeleteItem/></soap:Body></soap:Envelope>", () => {});
