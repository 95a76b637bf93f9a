// Reads the item; probes for a compose-only API before using it; reads a property by name.
function addFooter(event) {
  const item = Office.context.mailbox.item;
  console.log(item.subject);
  if (typeof item.body.setSignatureAsync === "function") {
    console.log("signatures are supported here");
  }
  const field = event.source.id;
  console.log(item[field]);
  event.completed();
}
Office.actions.associate("addFooter", addFooter);
