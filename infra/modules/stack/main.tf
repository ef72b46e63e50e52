# One environment of the team backend: the modules wired together. The roots in envs/ call this
# with their sizes and address range, so dev and prod differ only in the values they pass.
data "azurerm_client_config" "current" {}

locals {
  name_prefix = "fde-${var.environment}"
  layers      = ["bronze", "silver", "gold", "meta"]
  tags = {
    project     = "fintech-data-engine"
    environment = var.environment
  }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-${local.name_prefix}"
  location = var.location
  tags     = local.tags
}

module "network" {
  source              = "../network"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  address_space       = var.vnet_address_space

  private_endpoint_subnet_prefix = var.private_endpoint_subnet_prefix
  runtime_subnet_prefix          = var.runtime_subnet_prefix

  private_endpoints = {
    lake_blob = {
      resource_id = module.lake.storage_account_id
      subresource = "blob"
      dns_zone    = "blob"
    }
    lake_dfs = {
      resource_id = module.lake.storage_account_id
      subresource = "dfs"
      dns_zone    = "dfs"
    }
    keyvault = {
      resource_id = module.keyvault.id
      subresource = "vault"
      dns_zone    = "vault"
    }
    postgres = {
      resource_id = module.postgres.server_id
      subresource = "postgresqlServer"
      dns_zone    = "postgres"
    }
  }

  tags = local.tags
}

module "lake" {
  source                 = "../lake"
  account_name           = "fde${var.environment}lake${var.name_suffix}"
  resource_group_name    = azurerm_resource_group.main.name
  location               = var.location
  replication_type       = var.lake_replication_type
  layers                 = local.layers
  bronze_cool_after_days = 30
  soft_delete_days       = 14
  tags                   = local.tags
}

module "keyvault" {
  source              = "../keyvault"
  name                = "kv-fde-${var.environment}-${var.name_suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  tenant_id           = data.azurerm_client_config.current.tenant_id
  tags                = local.tags
}

module "identity" {
  source              = "../identity"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  storage_account_id  = module.lake.storage_account_id
  lake_containers     = local.layers
  key_vault_id        = module.keyvault.id
}

module "postgres" {
  source                       = "../postgres"
  name                         = "psql-fde-${var.environment}-${var.name_suffix}"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = var.location
  tenant_id                    = data.azurerm_client_config.current.tenant_id
  sku_name                     = var.postgres_sku_name
  backup_retention_days        = var.postgres_backup_retention_days
  geo_redundant_backup_enabled = var.postgres_geo_redundant_backup_enabled
  entra_admin                  = module.identity.engineers_group
  tags                         = local.tags
}

module "monitoring" {
  source              = "../monitoring"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  retention_in_days   = var.log_retention_in_days
  daily_quota_gb      = var.log_daily_quota_gb

  diagnostic_targets = {
    lake_blob = "${module.lake.storage_account_id}/blobServices/default"
    keyvault  = module.keyvault.id
    postgres  = module.postgres.server_id
  }

  tags = local.tags
}
