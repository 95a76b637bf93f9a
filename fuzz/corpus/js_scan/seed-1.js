Office.onReady(() => {
  const mailbox = Office.context.mailbox;
  mailbox.getCallbackTokenAsync({ isRest: true }, (r) => fetch("/api/file", { headers: { token: r.value } }));

  // audit-ignore REQ001: the host page loads this only on Outlook builds with Mailbox 1.8
  mailbox.item.categories.getAsync(() => {});

  // audit-ignore TIER001: nothing here needs it any more
  console.log("stale suppression above");

  const key = location.hash.slice(1);
  // audit-ignore JS002
  console.log(mailbox.item[key]);

  if (typeof mailbox.item.body.setSignatureAsync === "function") {
    console.log("a probe, allowed in the config");
  }
});
