"""A reproducible synthetic local authority: register, portal files and ground truth.

Plain Python with no Django, so the benchmarks and the matcher's tests can
use it directly. Every person, address and identifier is invented: postcodes
use the unallocated area ZZ and UPNs the unallocated LA code 999.
"""
