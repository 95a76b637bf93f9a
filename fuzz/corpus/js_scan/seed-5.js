// Appends a signature to the message being composed.
Office.onReady(function () {
  var item = Office.context.mailbox.item;
  item.body.setSelectedDataAsync("<p>-- Sent with Signature Stamper</p>", { coercionType: "html" });
  item.subject.getAsync(function (result) {
    console.log(result.value);
  });
});
