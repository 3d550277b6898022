"""First names that are also ordinary words: a capital alone does not make them a person's name.

Made once from the names gender-guesser 0.4.0 knows that are also lowercase words in Debian's
`wamerican` word list ("may", "will", "grace", "hope", "faith", "mark", "job", "the"), less names
rarely used as words in a caseworker's note ("maria", "john", "mike", "matt"), plus months, states and
other proper nouns that gender-guesser lists as names ("April", "June", "Georgia", "Virginia").
"""
NAME_WORDS = frozenset("""
    abbey abed ado agate age ago aide ailing aiming albino ale alibi alien aline allegro ally alpha alter alto
    amber ambrosia ameer amir ammo amour anemone angel ani ant ante anti ants arcade are ares aria arise art
    arty ascension aspen asset astride ate atty august auk aura autumn bailing ban bang baptist barb baron basil
    bay beat beau bee beer bell belle bent berry berth beryl bet bide bilge bill bin birdie bitten blaze blossom
    bog bogey bong boning bonnie bonny boo bore boy brain brand brandy brook brooks brunette buck bud buddy bum
    bun bunny burg buster butch buzz cadence cairn cal calliope cam camellia can cancan candy caprice carmine
    carry cassia cat celesta cerise chance chandler charity chase chastity cherish cherry chi chiming chin chino
    chip christen cilia clay clement cliff cock colas colleen colt con constant coral cord core corona coy
    crystal curd curt dado dahlia daisy dare davit dawn dean deb deep deli dell derrick dervish desiderata
    desire despot destiny diamond dickie dicky diet dieter dime dimple din dine ding dip dirk ditty diva doc
    dodo don donate done door dory dot dotty drake dries due duke dun dung duo dusty ear earl earnest ebony
    edger edit eglantine eider eke elide else emerald emery emir emo era ergo essence ester eta eve even fair
    fairy faith fan fang fanny fares fawn fedora fee felicity feline fen fer fern ferry feta fie file fine finny
    firth five flip floor flora florin forest foster franc frank free freeman fried fuming gab gad gage gait gal
    gala gale gang garland garnet garret garrison gay gee geek gees gelt gen gene general genesis gent gentian
    gentile germ gill ginger gong goo gore grace grad grant gray greet griffin grit gull gully gun gust gusts
    guy guying hack hailing hale hamlet hang hardy hark harm harmony harsh hat haven hay heath heaven helm henna
    hens herald herb here hero hew hexing hey hie hilly hind his hoc hod hoe holly homer honey honor hope hue
    hung hunter ice ideal ids impress innocent ion ivory ivy jack jade jarred jawed jeep jehad jell jelly jerk
    jet jetty jewel jihad jilt jingling jinxing job jock joke jolly joy judge julienne just justice kale karma
    ken key kick kin kinda king kit kook lacy laddie lam lama lame lance lander lane lap lard laurel lea lean
    lee lefter lei liberty lichen lie lien lies lieu lii liming line lining lion lite llanos loan lone long lope
    lore lorry lot love loyal lucky lute lyric made mads magnolia major mall man mane mania manna manor mans mar
    march mare margarita marina marine mark marks marlin maroon marquis marquise marry mart marten martial
    marvel mat mate mats matts maverick maxim may mayo maze meadow meg melody men mentor merge merino merit
    merry meta mete mica mien miens mile miles mimes min mine miracle mist misty mite moire moo moon moos moray
    murk myrtle nacho nadir nail nailing nanny nay nest newt newton nickel night nil nine ninja nirvana noble
    noel non nonce nova novel novella oak octave odd ode okay olive one opal oral oriole owe pace paddy pal pan
    pansy parfait parry pasha pastor patience patsy pave paw pearl peep peer peg pen penny per petrel petty
    phoebe phoenix pica pie pier pierce piers piety pile pin ping pinkie pinto pip piper pit pol polo poppy
    porter precious price prince princess prosper prudence prudent prune puck quarto queen raid rail rain
    rainier raja rajah ram ran randy rares rattan raven red redo reed reeve rein revert rhea rich rile rim rink
    rinse rip river roar robin rock rocky rod romaine roman rose rosemary rosette rosy rowdy royal ruby ruining
    run rune ruse rush rusty rut rye saber sad saga sage sahib said sake saki saline salmon salvo sander sandy
    saner sang sari savanna savannah save saviour semen serenity serge sever shad shady shaker sham shandy
    sherry shim shin shouting shun sibyl side sierra silo silvan silver sim sin sincere sine sissy siting skip
    sky slave slim sol solo sols son song soon sop spas spring stamen stein sterling stern stole stone stoney
    storm stormy sub sultan sultana summer sun sung sunny sunshine sup swan tab taco tad take tale talon tam
    tamer tan tang tare taro tat tea tell than the thees thin tho thong tiara tie ties tilde till tin tine ting
    tiny toe toke tome toms ton tone tong tor tore trace tram trees trinity tron troy tuba tuna turner unity
    unto urban valentine valve van veer velvet vents veranda verbena verity vessel vibe vice viola violet visa
    vital viva wadi wail waldo walker wan wander ward way wen will willow wilt win windy wing wit wolf wolfram
    won woo woody wren yen yon you young yup zed
""".split()) | frozenset("""
    april june georgia montana york carolina dakota virginia india israel jordan kenya america christian easter
""".split())
