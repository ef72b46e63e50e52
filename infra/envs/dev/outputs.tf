# The stack's outputs, re-exported so they can be read from this root:
#   terraform output -raw app_settings > fde-team-dev.json
# The shape is documented in infra/README.md.
output "app_settings" {
  description = "Team settings for the desktop app (tenant, client id, lake and database endpoints)."
  value       = module.stack.app_settings
}

output "host_identity_client_id" {
  description = "Client id of the headless host's managed identity (AZURE_CLIENT_ID on the host)."
  value       = module.stack.host_identity_client_id
}

output "key_vault_uri" {
  description = "Vault the headless host reads its Alpaca and Reddit keys from."
  value       = module.stack.key_vault_uri
}

output "application_insights_connection_string" {
  description = "Connection string for the runtime's OpenTelemetry exporter."
  value       = module.stack.application_insights_connection_string
  sensitive   = true
}
