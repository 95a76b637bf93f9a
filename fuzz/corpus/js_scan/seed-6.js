// Only roaming settings and id conversion: Restricted is enough.
Office.onReady(() => {
  const settings = Office.context.roamingSettings;
  settings.set("theme", "dark");
  settings.saveAsync();
  const restId = Office.context.mailbox.convertToRestId("AAMk=", Office.MailboxEnums.RestVersion.v2_0);
  console.log(restId);
});
