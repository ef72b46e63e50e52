output "storage_account_id" {
  description = "Resource ID of the lake's storage account."
  value       = azurerm_storage_account.lake.id
}

output "storage_account_name" {
  description = "Name of the lake's storage account."
  value       = azurerm_storage_account.lake.name
}

output "blob_endpoint" {
  description = "https blob endpoint, e.g. https://<account>.blob.core.windows.net/."
  value       = azurerm_storage_account.lake.primary_blob_endpoint
}

output "dfs_host" {
  description = "Data Lake (dfs) host name, e.g. <account>.dfs.core.windows.net."
  value       = azurerm_storage_account.lake.primary_dfs_host
}

output "layer_urls" {
  description = "abfss URL of each layer's container."
  value       = { for layer in var.layers : layer => "abfss://${layer}@${azurerm_storage_account.lake.primary_dfs_host}/" }
}

output "containers" {
  description = "Container names, one per layer."
  value       = var.layers
}
