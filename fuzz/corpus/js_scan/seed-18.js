// A file that does not parse: its uses cannot be seen.
Office.onReady(() => {
  const item = Office.context.mailbox.item;
  item.body.setAsync("x" {
});
