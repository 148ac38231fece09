// Parameters for one environment. Copy this file per environment (e.g. prod.bicepparam) and adjust.
// Nothing secret lives here: the intake key is read from the environment of the shell that runs the deployment.
using 'main.bicep'

param baseName = 'escalations'

// B1 for a trial; P0v3 for production.
param appServicePlanSku = 'B1'

param botSku = 'F0'

param storageSku = 'Standard_LRS'

// Known only after the Teams app package has been uploaded to the org catalog (docs/deployment.md, step 5).
param teamsCatalogAppId = readEnvironmentVariable('TEAMS_CATALOG_APP_ID', '')

param otlpEndpoint = ''

// Either INTAKE_API_KEY (the key itself) or INTAKE_API_KEY_SECRET_URI (a Key Vault secret); neither: intake closed.
param intakeApiKey = readEnvironmentVariable('INTAKE_API_KEY', '')
param intakeApiKeySecretUri = readEnvironmentVariable('INTAKE_API_KEY_SECRET_URI', '')

// The key's name and the sources it may submit for and read (docs/security-intake.md): one key per social-listening
// tool, bound to that tool's sources; [ '*' ] only for a key that really serves every source. A second tool's key goes
// in additionalAppSettings as Intake__Keys__1__Name, __Hash (hex SHA-256 of its key) and __Sources__0.
param intakeKeyName = 'brandwatch'
param intakeKeySources = [ 'brandwatch' ]

// Every setting the app needs as flat app settings ("__" for ":"); the app refuses to start without departments and
// the triage department. Deployments replace ALL app settings, so settings added later in the portal disappear on the
// next deployment unless they are listed here. No secret here: callback secrets as Key Vault references.
// Full example, and where each id comes from: docs/deployment.md, steps 2 and 4.
param additionalAppSettings = {
  // Departments__0__Id: 'billing'
  // Departments__0__Name: 'Billing'
  // Departments__0__TeamId: '<the team's thread id 19:...@thread.tacv2 (not its Entra group GUID)>'
  // Departments__0__ChannelId: '<channel id 19:...@thread.tacv2>'
  // Departments__0__EntraGroupId: '<Entra group object id: its members may claim, assign and resolve>'
  // Departments__0__Keywords__0: 'invoice'
  // Departments__1__Id: 'care'   (and so on for every department)
  // Routing__TriageDepartmentId: 'care'
  // Cards__TimeZone: 'Europe/Madrid'
  // Relay__DefaultTargets__Default__TeamId: '19:...@thread.tacv2'
  // Relay__DefaultTargets__Default__ChannelId: '19:...@thread.tacv2'
  // Intake__Sources__brandwatch__AllowedCallbackHosts__0: 'hooks.brandwatch.example'
  // Intake__Sources__brandwatch__CallbackSecret: '@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/)'
}
