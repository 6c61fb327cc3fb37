"""A strategy repository begun (`kg init`, from `template/`) and dated (when its data last changed).

Finding a project and reading its strategigraf.toml are the foundation's (`kg.foundation.discovery`,
`kg.foundation.config`): every layer needs them."""
