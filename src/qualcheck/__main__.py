from qualcheck.cli import main

main()
