output "vnet_id" {
  description = "ID of the VNet."
  value       = azurerm_virtual_network.main.id
}

output "private_endpoint_subnet_id" {
  description = "Subnet that holds the private endpoints."
  value       = azurerm_subnet.private_endpoints.id
}

output "runtime_subnet_id" {
  description = "Subnet for the headless host."
  value       = azurerm_subnet.runtime.id
}

output "private_dns_zone_ids" {
  description = "Private DNS zone IDs by short name (blob, dfs, vault, postgres)."
  value       = { for k, z in azurerm_private_dns_zone.zone : k => z.id }
}

output "private_endpoint_ips" {
  description = "Private IP of each private endpoint, by key."
  value       = { for k, e in azurerm_private_endpoint.endpoint : k => e.private_service_connection[0].private_ip_address }
}
