// The source the bundle is built from: reads the sender only.
export function run(): void {
  const item = Office.context.mailbox.item as Office.MessageRead;
  console.log(item.from.emailAddress);
}
