def return_stale_claims(*, now):
    return 0
