output "desktop_client_id" {
  description = "Application (client) id of the desktop app registration."
  value       = azuread_application.desktop.client_id
}

output "analysts_group_id" {
  description = "Object id of the analysts group."
  value       = azuread_group.analysts.object_id
}

output "engineers_group" {
  description = "Object id and display name of the engineers group."
  value = {
    object_id    = azuread_group.engineers.object_id
    display_name = azuread_group.engineers.display_name
  }
}

output "host_identity" {
  description = "The headless host's user-assigned identity (id, client id, principal id)."
  value = {
    id           = azurerm_user_assigned_identity.host.id
    client_id    = azurerm_user_assigned_identity.host.client_id
    principal_id = azurerm_user_assigned_identity.host.principal_id
  }
}
