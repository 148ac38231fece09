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

// Departments, digest recipients and intake sources as flat app settings. Deployments replace ALL app settings,
// so settings added later in the portal disappear on the next deployment unless they are listed here.
param additionalAppSettings = {
  // Departments__0__Id: 'billing'
  // Departments__0__Name: 'Billing'
  // Departments__0__TeamId: '<team id (19:...@thread.tacv2 group id)>'
  // Departments__0__ChannelId: '<channel id 19:...@thread.tacv2>'
  // Departments__0__EntraGroupId: '<Entra group object id: its members may claim, assign and resolve>'
  // Departments__0__Keywords__0: 'invoice'
  // Departments__1__Id: 'care'   (and so on for every department)
  // Routing__TriageDepartmentId: 'care'
}
