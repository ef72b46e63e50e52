output "workspace_id" {
  description = "Resource ID of the Log Analytics workspace."
  value       = azurerm_log_analytics_workspace.main.id
}

output "application_insights_connection_string" {
  description = "Connection string for the runtime's OpenTelemetry exporter (Azure Monitor)."
  value       = azurerm_application_insights.runtime.connection_string
  sensitive   = true
}
