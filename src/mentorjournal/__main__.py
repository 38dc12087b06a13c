from mentorjournal.cli import main

raise SystemExit(main())
