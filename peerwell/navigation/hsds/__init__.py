"""Open Referral HSDS 3.0: the official schemas, and reading and writing the directory
in that form."""
