output "storage_account_name" {
  description = "Name of the state account."
  value       = azurerm_storage_account.state.name
}

output "backend_config" {
  description = "Contents of envs/<env>/backend.hcl for terraform init -backend-config=backend.hcl."
  value       = <<-EOT
    resource_group_name  = "${azurerm_resource_group.state.name}"
    storage_account_name = "${azurerm_storage_account.state.name}"
    container_name       = "${azurerm_storage_container.tfstate.name}"
  EOT
}
