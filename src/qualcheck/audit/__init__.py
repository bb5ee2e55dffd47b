"""Judging a whole cohort: AVETMISS NAT files and CSV plans read (`avetmiss`, `csvplans`), each
student judged by the engine (`cohort`), the run (`run`), and the audit's own reporters."""
