# The team lake: an ADLS Gen2 account (hierarchical namespace) with one container per layer.
# Access is Entra-only (no account keys, no SAS signed with them) and only through private
# endpoints; containers and lifecycle rules go through Resource Manager (storage_account_id), so
# Terraform never needs data-plane access to the account.
resource "azurerm_storage_account" "lake" {
  name                     = var.account_name
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = var.replication_type
  access_tier              = "Hot"
  is_hns_enabled           = true

  https_traffic_only_enabled        = true
  min_tls_version                   = "TLS1_2"
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  public_network_access_enabled     = false
  allow_nested_items_to_be_public   = false
  cross_tenant_replication_enabled  = false
  infrastructure_encryption_enabled = true
  local_user_enabled                = false
  sftp_enabled                      = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }

  blob_properties {
    # Blob versioning cannot be turned on for accounts with a hierarchical namespace (the
    # provider rejects it); the Delta log keeps every table version and soft delete below keeps
    # deleted files recoverable.
    versioning_enabled = false

    delete_retention_policy {
      days = var.soft_delete_days
    }

    container_delete_retention_policy {
      days = var.soft_delete_days
    }
  }

  dynamic "identity" {
    for_each = var.customer_managed_key == null ? [] : [var.customer_managed_key]
    content {
      type         = "UserAssigned"
      identity_ids = [identity.value.user_assigned_identity_id]
    }
  }

  dynamic "customer_managed_key" {
    for_each = var.customer_managed_key == null ? [] : [var.customer_managed_key]
    content {
      key_vault_key_id          = customer_managed_key.value.key_vault_key_id
      user_assigned_identity_id = customer_managed_key.value.user_assigned_identity_id
    }
  }

  tags = var.tags
}

resource "azurerm_storage_container" "layer" {
  for_each              = toset(var.layers)
  name                  = each.key
  storage_account_id    = azurerm_storage_account.lake.id
  container_access_type = "private"
}

resource "azurerm_storage_management_policy" "lake" {
  storage_account_id = azurerm_storage_account.lake.id

  rule {
    name    = "bronze-to-cool"
    enabled = true

    filters {
      prefix_match = ["bronze/"]
      blob_types   = ["blockBlob"]
    }

    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than = var.bronze_cool_after_days
      }
    }
  }
}
