# The resources used to be declared in this root; these blocks let an existing state follow
# them into module.stack instead of planning to destroy and recreate them (the lake, the vault
# and the server among them). Once every copy of this environment's state has been applied with
# them, they can go.
moved {
  from = azurerm_resource_group.main
  to   = module.stack.azurerm_resource_group.main
}

moved {
  from = module.network
  to   = module.stack.module.network
}

moved {
  from = module.lake
  to   = module.stack.module.lake
}

moved {
  from = module.keyvault
  to   = module.stack.module.keyvault
}

moved {
  from = module.identity
  to   = module.stack.module.identity
}

moved {
  from = module.postgres
  to   = module.stack.module.postgres
}

moved {
  from = module.monitoring
  to   = module.stack.module.monitoring
}
