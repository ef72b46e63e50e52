output "server_id" {
  description = "Resource ID of the server."
  value       = azurerm_postgresql_flexible_server.main.id
}

output "fqdn" {
  description = "Host name clients connect to (resolves to the private endpoint inside the VNet)."
  value       = azurerm_postgresql_flexible_server.main.fqdn
}

output "database_name" {
  description = "Name of the application database."
  value       = azurerm_postgresql_flexible_server_database.main.name
}
