# The dev environment: the team backend (modules/stack) with dev's values. Only what differs
# between environments is set here; everything else is fixed in the stack and its modules.
module "stack" {
  source      = "../../modules/stack"
  environment = "dev"
  location    = var.location
  name_suffix = var.name_suffix

  vnet_address_space             = ["10.40.0.0/16"]
  private_endpoint_subnet_prefix = "10.40.1.0/24"
  runtime_subnet_prefix          = "10.40.2.0/24"

  lake_replication_type = "LRS"

  postgres_sku_name                     = "B_Standard_B1ms"
  postgres_backup_retention_days        = 7
  postgres_geo_redundant_backup_enabled = false

  log_retention_in_days = 30
  log_daily_quota_gb    = 1
}
