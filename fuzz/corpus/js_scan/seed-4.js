// Adds a footer when the message is sent.
function addFooter(event) {
  Office.context.mailbox.item.body.appendOnSendAsync("<p>Sent from the road</p>", () => event.completed());
}
Office.actions.associate("addFooter", addFooter);
