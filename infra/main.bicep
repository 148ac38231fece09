// TeamsEscalationBot: everything one environment needs, in one resource group.
//   user-assigned managed identity (the bot's Microsoft App ID, and the app's credential for Storage and Graph)
//   Log Analytics + workspace-based Application Insights
//   Storage account (no shared keys) with the `complaints` container and the `outbox` queue, and data roles for the identity
//   Linux App Service plan + Web App (.NET 10) configured with the app's configuration contract
//   Azure Bot (single tenant, the identity as its app) with the Microsoft Teams channel
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam   (see docs/deployment.md)
targetScope = 'resourceGroup'

@description('Azure region for every resource except the bot registration, which is global.')
param location string = resourceGroup().location

@description('Short name used in resource names; a hash of the resource group keeps the globally unique ones unique.')
@minLength(3)
@maxLength(12)
param baseName string = 'escalations'

@description('App Service plan size: B1 for trials, P0v3 for production (zone-independent, faster, more memory).')
@allowed([
  'B1'
  'P0v3'
])
param appServicePlanSku string = 'B1'

@description('Azure Bot pricing tier. F0 is free with a message cap on premium channels; Teams is a standard channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Teams app id in the tenant app catalog (Teams__CatalogAppId), used to install the app for a user proactively. Known only after the app package is uploaded; leave empty on the first deployment.')
param teamsCatalogAppId string = ''

@description('Optional OTLP endpoint for OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT). Empty: not set.')
param otlpEndpoint string = ''

@description('Microsoft Graph root (Graph__BaseUrl). Change only for a national cloud.')
param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'

@description('Intake API key accepted as "Authorization: Bearer" (Intake__Keys__0__Key). Empty and no intakeApiKeySecretUri: the intake API stays closed.')
@secure()
param intakeApiKey string = ''

@description('Alternative to intakeApiKey: a Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>). Takes precedence; the identity needs "Key Vault Secrets User" on that vault.')
param intakeApiKeySecretUri string = ''

@description('Name of the intake key (Intake__Keys__0__Name): shown in logs and complaint histories, never secret.')
param intakeKeyName string = 'social-listening'

@description('Sources the intake key may submit complaints for and read (Intake__Keys__0__Sources__N), e.g. [\'brandwatch\']; [\'*\'] only for a key that serves every source. Required when a key is given: the app does not start with a key bound to no source.')
param intakeKeySources string[] = []

@description('Further app settings (non-secret), e.g. Departments__0__Id. Deployments replace all app settings, so keep every setting you need here.')
param additionalAppSettings { *: string } = {}

@description('Tags applied to every resource.')
param tags { *: string } = {
  app: 'TeamsEscalationBot'
}

var suffix = uniqueString(resourceGroup().id, baseName)
var storageAccountName = take('st${toLower(replace(baseName, '-', ''))}${suffix}', 24)
var containerName = 'complaints'
var queueName = 'outbox'
var healthCheckPath = '/health/ready'

// Built-in role definition ids (the same in every cloud).
var roleIds = {
  // Blob Data Owner rather than Contributor: the store uses blob index tags (Set/Get Blob Tags need
  // blobs/tags/write|read) and Find Blobs by Tags (blobs/filter/action); Contributor has neither.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${baseName}-${suffix}'
  location: location
  tags: tags
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: 'log-${baseName}-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    isHnsEnabled: false // blob index tags are not available with a hierarchical namespace
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource complaintsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

resource outboxQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-09-01' = {
  parent: queueService
  name: queueName
}

resource blobDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roleIds.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roleIds.storageQueueDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'asp-${baseName}-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
  }
  properties: {
    reserved: true // Linux
  }
}

// Intake key: a Key Vault reference when a secret URI is given, else the secure parameter, else nothing (intake closed).
// An empty key is never written, because an empty key must not become a valid key; the key is named and bound to its
// sources (docs/security-intake.md).
var intakeKeySetting = !empty(intakeApiKeySecretUri)
  ? { Intake__Keys__0__Key: '@Microsoft.KeyVault(SecretUri=${intakeApiKeySecretUri})' }
  : (empty(intakeApiKey) ? {} : { Intake__Keys__0__Key: intakeApiKey })
var intakeSettings = empty(intakeKeySetting)
  ? {}
  : union(
      intakeKeySetting,
      { Intake__Keys__0__Name: intakeKeyName },
      toObject(range(0, length(intakeKeySources)), i => 'Intake__Keys__0__Sources__${i}', i => intakeKeySources[i])
    )

var appSettings = union(
  additionalAppSettings,
  {
    ASPNETCORE_ENVIRONMENT: 'Production'
    AZURE_CLIENT_ID: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    Bot__AppId: identity.properties.clientId
    Bot__TenantId: tenant().tenantId
    Bot__CredentialType: 'ManagedIdentity'
    Graph__BaseUrl: graphBaseUrl
    Directory__Provider: 'Graph'
    Storage__Provider: 'AzureBlob'
    Storage__AccountUrl: 'https://${storage.name}.blob.${environment().suffixes.storage}'
    Storage__ContainerName: containerName
    Storage__QueueName: queueName
  },
  empty(teamsCatalogAppId) ? {} : { Teams__CatalogAppId: teamsCatalogAppId },
  empty(otlpEndpoint) ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint },
  intakeSettings
)

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: 'app-${baseName}-${suffix}'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // several instances share state through Storage; no sticky sessions
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true // B1 and P0v3 both allow it; keeps the SLA and outbox workers running
      healthCheckPath: healthCheckPath
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: map(items(appSettings), setting => { name: setting.key, value: setting.value })
    }
  }
  // Not needed by ARM, but starting the app after its data roles exist avoids a first round of 403s.
  dependsOn: [
    blobDataRole
    queueDataRole
    complaintsContainer
    outboxQueue
  ]
}

// Deployments use Entra ID (az webapp deploy); basic-auth publishing credentials stay off.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${baseName}-${suffix}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Escalations'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    #disable-next-line use-resource-id-functions // a tenant GUID, not a resource id; the rule goes by the "Id" suffix
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

@description('BOT_ID for the Teams manifest: the managed identity client id, which is the bot\'s Microsoft App ID.')
output botId string = identity.properties.clientId

@description('BOT_DOMAIN for the Teams manifest: the web app host name.')
output botDomain string = site.properties.defaultHostName

@description('Messaging endpoint registered on the Azure Bot.')
output botEndpoint string = bot.properties.endpoint

@description('Entra tenant of the single-tenant bot (Bot__TenantId).')
output tenantId string = tenant().tenantId

output storageAccountName string = storage.name

output webAppName string = site.name

output botName string = bot.name

@description('Object id of the identity\'s service principal: grant it the Microsoft Graph application permissions (docs/deployment.md).')
output identityPrincipalId string = identity.properties.principalId
