# The prod environment: the team backend composed from the modules.
data "azurerm_client_config" "current" {}

locals {
  env         = "prod"
  name_prefix = "fde-${local.env}"
  layers      = ["bronze", "silver", "gold", "meta"]
  tags = {
    project     = "fintech-data-engine"
    environment = local.env
  }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-${local.name_prefix}"
  location = var.location
  tags     = local.tags
}

module "network" {
  source              = "../../modules/network"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  address_space       = ["10.50.0.0/16"]

  private_endpoint_subnet_prefix = "10.50.1.0/24"
  runtime_subnet_prefix          = "10.50.2.0/24"

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
  source                 = "../../modules/lake"
  account_name           = "fde${local.env}lake${var.name_suffix}"
  resource_group_name    = azurerm_resource_group.main.name
  location               = var.location
  replication_type       = "GZRS"
  layers                 = local.layers
  bronze_cool_after_days = 30
  soft_delete_days       = 14
  tags                   = local.tags
}

module "keyvault" {
  source              = "../../modules/keyvault"
  name                = "kv-fde-${local.env}-${var.name_suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  tenant_id           = data.azurerm_client_config.current.tenant_id
  tags                = local.tags
}

module "identity" {
  source              = "../../modules/identity"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  storage_account_id  = module.lake.storage_account_id
  lake_containers     = local.layers
  key_vault_id        = module.keyvault.id
}

module "postgres" {
  source                       = "../../modules/postgres"
  name                         = "psql-fde-${local.env}-${var.name_suffix}"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = var.location
  tenant_id                    = data.azurerm_client_config.current.tenant_id
  sku_name                     = "GP_Standard_D2ds_v5"
  backup_retention_days        = 35
  geo_redundant_backup_enabled = true
  entra_admin                  = module.identity.engineers_group
  tags                         = local.tags
}

module "monitoring" {
  source              = "../../modules/monitoring"
  name_prefix         = local.name_prefix
  resource_group_name = azurerm_resource_group.main.name
  location            = var.location
  retention_in_days   = 90
  daily_quota_gb      = 5

  diagnostic_targets = {
    lake_blob = "${module.lake.storage_account_id}/blobServices/default"
    keyvault  = module.keyvault.id
    postgres  = module.postgres.server_id
  }

  tags = local.tags
}
