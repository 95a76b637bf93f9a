// Every way real add-ins reach the API: aliases, destructuring, optional chaining,
// computed string keys, window/globalThis, narrowing casts, and helpers.
const mailbox = Office.context.mailbox;
const { item } = mailbox;

export function stamp(): void {
  // Alias of an alias, then a method.
  const it = item as Office.MessageCompose;
  it.body.prependAsync("Hello\n");

  // Destructuring from the item.
  const { subject } = it;
  subject.getAsync((r) => console.log(r.value));

  // Optional chaining and a computed string key.
  window.Office?.context?.mailbox?.item?.["categories"]?.getAsync(() => {});

  // globalThis and a nested property chain.
  globalThis.Office.context.mailbox.item.to.getAsync(() => {});
}

// A function parameter typed as an Office interface: its uses count too.
function readFrom(m: Office.MessageCompose): void {
  m.from.getAsync(() => {});
}

readFrom(Office.context.mailbox.item as Office.MessageCompose);
