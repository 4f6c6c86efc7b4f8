"""The pure rules core: no pygame, no I/O, no clock, no global random."""
