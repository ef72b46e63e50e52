# One Log Analytics workspace per environment receives the audit logs of the lake, the vault and
# the database, and backs the Application Insights resource that the team runtime's
# OpenTelemetry exporter writes to.
resource "azurerm_log_analytics_workspace" "main" {
  name                = "${var.name_prefix}-logs"
  resource_group_name = var.resource_group_name
  location            = var.location
  sku                 = "PerGB2018"
  retention_in_days   = var.retention_in_days
  daily_quota_gb      = var.daily_quota_gb
  tags                = var.tags
}

resource "azurerm_application_insights" "runtime" {
  name                = "${var.name_prefix}-runtime"
  resource_group_name = var.resource_group_name
  location            = var.location
  workspace_id        = azurerm_log_analytics_workspace.main.id
  application_type    = "other"
  # Ingestion uses the connection string, which can only write telemetry. Entra-only ingestion
  # would need Monitoring Metrics Publisher for the host, a role beyond the two it may hold.
  tags = var.tags
}

resource "azurerm_monitor_diagnostic_setting" "target" {
  for_each                   = var.diagnostic_targets
  name                       = "${var.name_prefix}-to-logs"
  target_resource_id         = each.value
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  enabled_log {
    category_group = "allLogs"
  }
}
