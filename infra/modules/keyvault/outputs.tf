output "id" {
  description = "Resource ID of the vault."
  value       = azurerm_key_vault.main.id
}

output "name" {
  description = "Name of the vault."
  value       = azurerm_key_vault.main.name
}

output "vault_uri" {
  description = "https URI of the vault, e.g. https://<name>.vault.azure.net/."
  value       = azurerm_key_vault.main.vault_uri
}

output "secret_names" {
  description = "Secret names the headless host expects."
  value       = var.secret_names
}
