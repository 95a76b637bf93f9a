// Office.context.mailbox.item.body.setAsync("in a comment") is not a call.
/* Office.context.mailbox.makeEwsRequestAsync(xml, cb) is not a call either. */
const docs = "Office.context.mailbox.item.body.setAsync is mentioned in a string";
const template = `see Office.context.mailbox.item.to for details`;

// A local object that happens to be called Office.
function local() {
  const Office = { context: { mailbox: { item: { body: { setAsync() {} } } } } };
  Office.context.mailbox.item.body.setAsync("not the Office API");
}

// A parameter named Office shadows the global.
function withParam(Office) {
  return Office.context.mailbox.item.subject;
}

// Look-alike names on other objects.
const mailbox = { item: { body: { setAsync() {} } } };
mailbox.item.body.setAsync("a local mailbox");
const context = { mailbox };
context.mailbox.item.body.setAsync("a local context");

// The only real use: Restricted.
Office.context.roamingSettings.set("k", docs + template + local + withParam);
