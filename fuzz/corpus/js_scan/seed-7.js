Office.onReady(() => {
  const item = Office.context.mailbox.item;
  console.log(item.normalizedSubject);
});
