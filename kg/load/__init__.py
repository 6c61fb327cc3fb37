"""Loading the project's files into a store: parsing, inference, and the switch to the new dataset."""
