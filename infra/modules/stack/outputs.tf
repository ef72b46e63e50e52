# Everything the desktop app's Connect view needs, as one JSON document; each root re-exports it
# (terraform output -raw app_settings). The shape is documented in infra/README.md.
output "app_settings" {
  description = "Team settings for the desktop app (tenant, client id, lake and database endpoints)."
  value = jsonencode({
    tenantId         = data.azurerm_client_config.current.tenant_id
    clientId         = module.identity.desktop_client_id
    authority        = "https://login.microsoftonline.com/${data.azurerm_client_config.current.tenant_id}"
    lakeUrl          = "abfss://{layer}@${module.lake.dfs_host}/"
    layers           = module.lake.layer_urls
    blobEndpoint     = module.lake.blob_endpoint
    postgresHost     = module.postgres.fqdn
    postgresDatabase = module.postgres.database_name
    storageScope     = "https://storage.azure.com/.default"
  })
}

output "host_identity_client_id" {
  description = "Client id of the headless host's managed identity (AZURE_CLIENT_ID on the host)."
  value       = module.identity.host_identity.client_id
}

output "key_vault_uri" {
  description = "Vault the headless host reads its Alpaca and Reddit keys from."
  value       = module.keyvault.vault_uri
}

output "application_insights_connection_string" {
  description = "Connection string for the runtime's OpenTelemetry exporter."
  value       = module.monitoring.application_insights_connection_string
  sensitive   = true
}
