// Greets the signed-in user. Needs ReadItem, but the manifest declares nothing (Restricted).
Office.onReady(() => {
  const name = Office.context.mailbox.userProfile.displayName;
  document.body.textContent = `Hello, ${name}`;
});
