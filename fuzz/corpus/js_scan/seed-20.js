// Declares Mailbox 1.3; categories arrived in 1.8.
Office.onReady(() => {
  const item = Office.context.mailbox.item;

  // Guarded: runs only where Mailbox 1.8 is supported.
  if (Office.context.requirements.isSetSupported("Mailbox", "1.8")) {
    item.categories.getAsync(() => {});
  }

  // Guarded by a lower version than the API needs: still a finding.
  if (Office.context.requirements.isSetSupported("Mailbox", "1.5")) {
    item.categories.addAsync(["Red"], () => {});
  }

  // Not guarded.
  item.categories.removeAsync(["Blue"], () => {});

  // 1.3 is declared: fine.
  item.body.setSelectedDataAsync("ok");
});
