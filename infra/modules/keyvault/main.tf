# The vault for the headless host's Alpaca and Reddit credentials. RBAC mode (no access
# policies), purge protection, network ACLs default deny and no public network access: the host
# reads secrets through the vault's private endpoint with its managed identity.
resource "azurerm_key_vault" "main" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  tenant_id           = var.tenant_id
  sku_name            = "standard"

  enable_rbac_authorization     = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = var.soft_delete_retention_days
  public_network_access_enabled = false

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }

  tags = var.tags
}
