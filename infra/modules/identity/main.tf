# Who may do what. Humans get data-plane roles through two groups; the headless host gets a
# user-assigned identity with exactly the two roles it needs. No Owner, Contributor or User Access
# Administrator is assigned anywhere: management happens through the pipeline's own identity.
data "azuread_client_config" "current" {}

locals {
  # Well-known application ids and scope ids of Microsoft's first-party APIs.
  azure_storage_app_id       = "e406a681-f3d4-42a8-90b6-c2b029497af1"
  storage_user_impersonation = "03e0da56-190b-40ad-a80c-ea378c433f7f"
  microsoft_graph_app_id     = "00000003-0000-0000-c000-000000000000"
  graph_user_read            = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
}

# The desktop app: a public client (no secret can be kept on a laptop) with a loopback redirect
# for the system-browser flow and public client flows on for device code.
resource "azuread_application" "desktop" {
  display_name                   = "${var.name_prefix}-workstation"
  sign_in_audience               = "AzureADMyOrg"
  fallback_public_client_enabled = true
  owners                         = [data.azuread_client_config.current.object_id]

  public_client {
    redirect_uris = var.redirect_uris
  }

  required_resource_access {
    resource_app_id = local.azure_storage_app_id

    resource_access {
      id   = local.storage_user_impersonation
      type = "Scope"
    }
  }

  required_resource_access {
    resource_app_id = local.microsoft_graph_app_id

    resource_access {
      id   = local.graph_user_read
      type = "Scope"
    }
  }
}

resource "azuread_service_principal" "desktop" {
  client_id = azuread_application.desktop.client_id
  owners    = [data.azuread_client_config.current.object_id]
}

resource "azuread_group" "analysts" {
  display_name     = "${var.name_prefix}-analysts"
  description      = "Read the team lake."
  security_enabled = true
  owners           = [data.azuread_client_config.current.object_id]
}

resource "azuread_group" "engineers" {
  display_name     = "${var.name_prefix}-engineers"
  description      = "Write the team lake's containers; administer the serving database."
  security_enabled = true
  owners           = [data.azuread_client_config.current.object_id]
}

resource "azurerm_role_assignment" "analysts_read_lake" {
  scope                = var.storage_account_id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azuread_group.analysts.object_id
  principal_type       = "Group"
}

resource "azurerm_role_assignment" "engineers_write_containers" {
  for_each             = toset(var.lake_containers)
  scope                = "${var.storage_account_id}/blobServices/default/containers/${each.key}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azuread_group.engineers.object_id
  principal_type       = "Group"
}

resource "azurerm_user_assigned_identity" "host" {
  name                = "${var.name_prefix}-host"
  resource_group_name = var.resource_group_name
  location            = var.location
}

resource "azurerm_role_assignment" "host_write_lake" {
  scope                = var.storage_account_id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.host.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "host_read_secrets" {
  scope                = var.key_vault_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.host.principal_id
  principal_type       = "ServicePrincipal"
}
