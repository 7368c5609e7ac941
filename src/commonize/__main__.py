from commonize.cli import main

main()
